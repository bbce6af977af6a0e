// Login, consent and logout requests for the login/consent/logout app, over
// FlowService and LogoutService: read
// a request by its challenge, then accept or reject it. Each resolver renames
// its arguments for the service and the result back; every rule (challenge
// checks, expiry, body validation) lives in the service, shared with REST.
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { requestHandledError } from '../errors.js';
import {
  toAcceptConsentBody,
  toAcceptLoginBody,
  toClientType,
  toConsentRequestType,
  toLoginRequestType,
  toLogoutRequestType,
  toRejectBody,
} from '../mapping.js';
import { OAuth2ClientType } from '../types/client.js';
import {
  AcceptConsentRequestInput,
  AcceptDeviceUserCodeInput,
  AcceptLoginRequestInput,
  CompletedRequestType,
  ConsentRequestType,
  LoginRequestType,
  LogoutRequestType,
  RejectRequestInput,
} from '../types/flow.js';

/** The current client of a request or session, through the per-request DataLoader; null once deleted. */
export async function loadClient(ctx: GraphQLContext, clientId: string): Promise<OAuth2ClientType | null> {
  const client = await ctx.loaders.client.load(clientId);
  return client ? toClientType(client) : null;
}

const completed = ({ redirect_to }: { redirect_to: string }): CompletedRequestType => ({ redirectTo: redirect_to });

@Resolver(() => LoginRequestType)
export class LoginRequestResolver {
  @Query(() => LoginRequestType, {
    description: 'The login request behind a login_challenge. A challenge that does not open is NOT_FOUND (404), an expired one request_unauthorized (401).',
  })
  async loginRequest(@Ctx() ctx: GraphQLContext, @Arg('challenge', () => String) challenge: string): Promise<LoginRequestType> {
    const result = await ctx.services.flows.getLoginRequestWithoutClient(challenge);
    if (result.kind === 'handled') throw requestHandledError(result.redirectTo);
    return toLoginRequestType(result.request, result.clientId);
  }

  @FieldResolver(() => OAuth2ClientType, { nullable: true, description: 'The client as it is now; null if it was deleted.' })
  client(@Root() root: LoginRequestType, @Ctx() ctx: GraphQLContext): Promise<OAuth2ClientType | null> {
    return loadClient(ctx, root.clientId);
  }

  @Mutation(() => CompletedRequestType, { description: 'The user logged in: returns where to send the browser (the flow continues to consent).' })
  async acceptLoginRequest(
    @Ctx() ctx: GraphQLContext,
    @Arg('challenge', () => String) challenge: string,
    @Arg('input', () => AcceptLoginRequestInput) input: AcceptLoginRequestInput,
  ): Promise<CompletedRequestType> {
    return completed(await ctx.services.flows.acceptLogin(challenge, toAcceptLoginBody(input)));
  }

  @Mutation(() => CompletedRequestType, { description: 'The login is denied: returns where to send the browser (the client receives the error).' })
  async rejectLoginRequest(
    @Ctx() ctx: GraphQLContext,
    @Arg('challenge', () => String) challenge: string,
    @Arg('input', () => RejectRequestInput, { nullable: true }) input?: RejectRequestInput | null,
  ): Promise<CompletedRequestType> {
    return completed(await ctx.services.flows.rejectLogin(challenge, toRejectBody(input)));
  }
}

@Resolver(() => ConsentRequestType)
export class ConsentRequestResolver {
  @Query(() => ConsentRequestType, {
    description: 'The consent request behind a consent_challenge. A challenge that does not open is NOT_FOUND (404), an expired one request_unauthorized (401).',
  })
  async consentRequest(@Ctx() ctx: GraphQLContext, @Arg('challenge', () => String) challenge: string): Promise<ConsentRequestType> {
    const result = await ctx.services.flows.getConsentRequestWithoutClient(challenge);
    if (result.kind === 'handled') throw requestHandledError(result.redirectTo);
    return toConsentRequestType(result.request, result.clientId);
  }

  @FieldResolver(() => OAuth2ClientType, { nullable: true, description: 'The client as it is now; null if it was deleted.' })
  client(@Root() root: ConsentRequestType, @Ctx() ctx: GraphQLContext): Promise<OAuth2ClientType | null> {
    return loadClient(ctx, root.clientId);
  }

  @Mutation(() => CompletedRequestType, { description: 'The user consented: returns where to send the browser (the client then receives its code).' })
  async acceptConsentRequest(
    @Ctx() ctx: GraphQLContext,
    @Arg('challenge', () => String) challenge: string,
    @Arg('input', () => AcceptConsentRequestInput) input: AcceptConsentRequestInput,
  ): Promise<CompletedRequestType> {
    return completed(await ctx.services.flows.acceptConsent(challenge, toAcceptConsentBody(input)));
  }

  @Mutation(() => CompletedRequestType, { description: 'Consent is denied: returns where to send the browser (the client receives the error).' })
  async rejectConsentRequest(
    @Ctx() ctx: GraphQLContext,
    @Arg('challenge', () => String) challenge: string,
    @Arg('input', () => RejectRequestInput, { nullable: true }) input?: RejectRequestInput | null,
  ): Promise<CompletedRequestType> {
    return completed(await ctx.services.flows.rejectConsent(challenge, toRejectBody(input)));
  }
}

@Resolver(() => LogoutRequestType)
export class LogoutRequestResolver {
  @Query(() => LogoutRequestType, {
    description:
      'The logout request behind a logout_challenge. Unknown or rejected is NOT_FOUND (404), expired request_unauthorized (401), already completed GONE (410, extensions.redirectTo).',
  })
  async logoutRequest(@Ctx() ctx: GraphQLContext, @Arg('challenge', () => String) challenge: string): Promise<LogoutRequestType> {
    const result = await ctx.services.logouts.getLogoutRequestWithoutClient(challenge);
    if (result.kind === 'handled') throw requestHandledError(result.redirectTo);
    return toLogoutRequestType(result.request, result.clientId);
  }

  @FieldResolver(() => OAuth2ClientType, { nullable: true, description: 'The relying party that asked, as it is now; null without id_token_hint or once deleted.' })
  client(@Root() root: LogoutRequestType, @Ctx() ctx: GraphQLContext): Promise<OAuth2ClientType | null> {
    return root.clientId ? loadClient(ctx, root.clientId) : Promise.resolve(null);
  }

  @Mutation(() => CompletedRequestType, { description: 'The user confirmed: returns where to send the browser (the logout completes there).' })
  async acceptLogoutRequest(@Ctx() ctx: GraphQLContext, @Arg('challenge', () => String) challenge: string): Promise<CompletedRequestType> {
    return completed(await ctx.services.logouts.acceptLogoutRequest(challenge));
  }

  @Mutation(() => Boolean, { description: 'The user stays logged in; the logout app decides where the browser goes.' })
  async rejectLogoutRequest(@Ctx() ctx: GraphQLContext, @Arg('challenge', () => String) challenge: string): Promise<boolean> {
    await ctx.services.logouts.rejectLogoutRequest(challenge);
    return true;
  }
}

@Resolver()
export class DeviceRequestResolver {
  @Mutation(() => CompletedRequestType, {
    description:
      'The user typed a user code on the device verification page (device_challenge): returns where to send the browser (the flow continues to login). An unknown, used or expired user code is invalid_request (400).',
  })
  async acceptDeviceUserCode(
    @Ctx() ctx: GraphQLContext,
    @Arg('challenge', () => String, { description: 'The device_challenge.' }) challenge: string,
    @Arg('input', () => AcceptDeviceUserCodeInput) input: AcceptDeviceUserCodeInput,
  ): Promise<CompletedRequestType> {
    return completed(await ctx.services.flows.acceptDeviceUserCode(challenge, { user_code: input.userCode }));
  }
}
