// The custom scalars of the admin schema, from graphql-scalars.
export { GraphQLDateTime as DateTime, GraphQLJSON as JSON, GraphQLSafeInt as SafeInt } from 'graphql-scalars';
