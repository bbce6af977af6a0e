// The composition root: configuration → database → repositories → domain
// services → the two HTTP listeners. Nothing else wires objects together.
import express, { type Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/settings.js';
import { createLogger, type Logger } from './log.js';
import { openDatabase, type Database } from './storage/database.js';
import { migrateUp, migrationStatus } from './storage/migrate.js';
import { resolveSystemSecrets } from './system-secret.js';
import { Aead } from './domain/crypto/aead.js';
import { ClientService } from './domain/client/service.js';
import { KeyService } from './domain/jwk/service.js';
import { PrismaClientRepository } from './storage/client-repository.js';
import { OutboundHttp } from './domain/outbound/http.js';
import { RemoteMetadataValidator } from './domain/client/remote-metadata.js';
import { PrismaKeyRepository } from './storage/jwk-repository.js';
import { PrismaTokenRepository } from './storage/token-repository.js';
import { PrismaDeviceAuthorizationRepository } from './storage/device-repository.js';
import { TokenService } from './domain/token/service.js';
import { tokenSettingsFrom } from './domain/token/settings.js';
import { healthRoutes } from './http/health.js';
import { jsonBody } from './http/body.js';
import { cors } from './http/middleware/cors.js';
import { errorHandler, routeNotFound } from './http/middleware/errors.js';
import { clientRoutes } from './http/admin/clients.js';
import { keyRoutes } from './http/admin/keys.js';
import { jwksRoutes } from './http/public/jwks.js';
import { tokenRoutes } from './http/public/token.js';
import { revokeRoutes } from './http/public/revoke.js';
import { userinfoRoutes } from './http/public/userinfo.js';
import { discoveryRoutes } from './http/public/discovery.js';
import { adminTokenRoutes } from './http/admin/tokens.js';
import { lazyHandler } from './http/lazy-handler.js';
import { FlowCodec } from './domain/flow/codec.js';
import { FlowCookies } from './domain/flow/cookies.js';
import { idTokenHintVerifier } from './domain/flow/id-token-hint.js';
import { FlowService } from './domain/flow/service.js';
import { RequestObjects } from './domain/flow/request-object.js';
import { ClientJwks } from './domain/token/client-jwks.js';
import { SessionService } from './domain/session/service.js';
import { publicHalf } from './domain/jwk/jwk.js';
import { ID_TOKEN_SET } from './domain/jwk/service.js';
import type { ScopeStrategy } from './domain/oauth2/scope.js';
import { PrismaConsentSessionRepository, PrismaLoginSessionRepository } from './storage/session-repository.js';
import { authorizeRoutes } from './http/public/authorize.js';
import { deviceRoutes } from './http/public/device.js';
import { flowRoutes } from './http/admin/flows.js';
import { sessionRoutes } from './http/admin/sessions.js';
import { TrustService } from './domain/trust/service.js';
import { PrismaTrustRepository } from './storage/trust-repository.js';
import { trustRoutes } from './http/admin/trust.js';
import { ClientRegistration, REGISTRATION_PATH } from './domain/client/registration.js';
import { registerRoutes } from './http/public/register.js';
import { v1AdminRoutes } from './http/admin/v1/routes.js';
import { joinUrl } from './domain/token/settings.js';
import { discoverySettingsFrom } from './domain/token/discovery.js';
import { LogoutService } from './domain/logout/service.js';
import { BackChannelLogout } from './domain/logout/back-channel.js';
import type { IdTokenHintVerifier } from './domain/flow/id-token-hint.js';
import { signWithIdTokenKey } from './domain/token/id-token.js';
import { PrismaLogoutRequestRepository } from './storage/logout-repository.js';
import { logoutRoutes } from './http/public/logout.js';
import { logoutRequestRoutes } from './http/admin/logout.js';

/** Key sets Hydra creates on first start, and the algorithm it generates for them. */
export const DEFAULT_KEY_SETS = { 'hydra.openid.id-token': 'RS256', 'hydra.jwt.access-token': 'RS256' } as const;

export interface Services {
  clients: ClientService;
  keys: KeyService;
  tokens: TokenService;
  flows: FlowService;
  logouts: LogoutService;
  sessions: SessionService;
  trust: TrustService;
  registration: ClientRegistration;
}

export interface Gatehouse {
  config: Config;
  logger: Logger;
  db: Database;
  services: Services;
  publicApp: Express;
  adminApp: Express;
  close(): Promise<void>;
}

export interface CreateOptions {
  logger?: Logger;
}

export async function createGatehouse(config: Config, options: CreateOptions = {}): Promise<Gatehouse> {
  const logger = options.logger ?? createLogger(config['log.level'], config['log.format']);
  const db = await openDatabase(config.dsn);
  try {
    await prepareSchema(db, config, logger);
    const secrets = resolveSystemSecrets(config, logger);

    const outbound = new OutboundHttp({
      disallowPrivateIpRanges: config['clients.http.disallow_private_ip_ranges'],
      privateIpExceptionUrls: config['clients.http.private_ip_exception_urls'],
    });
    // One cache of client key sets for client assertions and request objects.
    const clientJwks = new ClientJwks({ http: outbound });
    const tokenSettings = tokenSettingsFrom(config);
    const clients = new ClientService(new PrismaClientRepository(db.prisma, db.sql), {
      bcryptCost: config['oauth2.hashers.bcrypt.cost'],
      defaultScope: config['oidc.dynamic_client_registration.default_scope'],
      subjectTypes: config['oidc.subject_identifiers.supported_types'],
      accessTokenStrategy: config['strategies.access_token'],
      remoteMetadata: new RemoteMetadataValidator(outbound),
      registrationEndpoint: joinUrl(tokenSettings.publicUrl, REGISTRATION_PATH),
    });
    const registration = new ClientRegistration(clients, { enabled: config['oidc.dynamic_client_registration.enabled'] });
    const keys = new KeyService(new PrismaKeyRepository(db.prisma), new Aead(secrets, 'jwk'));
    const trust = new TrustService(new PrismaTrustRepository(db.prisma));
    const tokens = new TokenService({
      repo: new PrismaTokenRepository(db.prisma, db.sql),
      deviceRepo: new PrismaDeviceAuthorizationRepository(db.prisma),
      clients,
      keys,
      secrets,
      sessionAead: new Aead(secrets, 'token-session'),
      settings: tokenSettings,
      discovery: discoverySettingsFrom(config),
      trust,
      http: outbound,
      clientJwks,
    });
    const sessions = new SessionService({
      loginSessions: new PrismaLoginSessionRepository(db.prisma, db.sql),
      consentSessions: new PrismaConsentSessionRepository(db.prisma, db.sql),
      aead: new Aead(secrets, 'consent-session'),
      clients: (ids) => clients.getMany(ids),
    });
    const browser = browserParts(config, secrets, keys);
    const flows = browserFlow(config, secrets, { clients, keys, tokens, sessions, outbound, clientJwks }, browser);
    const logouts = browserLogout(config, secrets, { db, clients, keys, sessions, outbound, logger }, browser);
    const services: Services = { clients, keys, tokens, flows, sessions, logouts, trust, registration };
    await Promise.all(Object.entries(DEFAULT_KEY_SETS).map(([set, alg]) => services.keys.ensureSet(set, alg)));

    const publicApp = createPublicApp(config, logger, db, services);
    const adminApp = createAdminApp(config, logger, db, services);
    return { config, logger, db, services, publicApp, adminApp, close: () => db.close() };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Dev mode migrates on start; otherwise pending migrations stop start-up. */
async function prepareSchema(db: Database, config: Config, logger: Logger): Promise<void> {
  if (config.dev) {
    const applied = await migrateUp(db);
    if (applied.length > 0) logger.info('applied migrations', { migrations: applied });
    return;
  }
  const { pending } = await migrationStatus(db);
  if (pending.length > 0) {
    throw new Error(`the database has ${pending.length} pending migration(s) (${pending.join(', ')}): run "gatehouse migrate up" first`);
  }
}

function baseApp(config: Config, side: 'public' | 'admin'): Express {
  const app = express();
  app.disable('x-powered-by');
  // API answers are never revalidated; Express would hash every body for an ETag.
  app.set('etag', false);
  app.set('trust proxy', false);
  app.use(cors(config, side));
  return app;
}

function finishApp(app: Express, config: Config, logger: Logger, db: Database, mountPath = '/'): Express {
  // After the API routes: probes are rare, and Express tries routers in order.
  app.use(mountPath, healthRoutes(db));
  app.use(routeNotFound);
  app.use(errorHandler(logger, config['oauth2.expose_internal_errors']));
  return app;
}

function createPublicApp(config: Config, logger: Logger, db: Database, services: Services): Express {
  const app = baseApp(config, 'public');
  const oauth2 = { exposeDebug: config['oauth2.expose_internal_errors'], logger };
  // Busiest first: Express tries every router in order until one matches.
  app.use(tokenRoutes(services.tokens, oauth2), authorizeRoutes(services.flows), userinfoRoutes(services.tokens, oauth2));
  app.use(revokeRoutes(services.tokens, oauth2), jwksRoutes(services.keys), discoveryRoutes(services.tokens));
  app.use(logoutRoutes(services.logouts), deviceRoutes(services.tokens, services.flows, oauth2), registerRoutes(services.registration));
  return finishApp(app, config, logger, db);
}

function createAdminApp(config: Config, logger: Logger, db: Database, services: Services): Express {
  const app = baseApp(config, 'admin');
  // Hydra v1's paths: served as /admin + path, like current Hydra does.
  app.use(v1AdminRoutes(services));
  // Busiest first (introspection, the login & consent app's calls): Express
  // tries every router in order until one matches.
  app.use('/admin', adminTokenRoutes(services.tokens, { exposeDebug: config['oauth2.expose_internal_errors'], logger }));
  app.use('/admin', jsonBody, flowRoutes(services.flows), sessionRoutes(services.sessions, services.logouts));
  app.use('/admin', logoutRequestRoutes(services.logouts));
  // Loaded on first use: deployments that never call GraphQL never hold it in memory.
  app.use('/admin/graphql', lazyHandler(async () => (await import('./graphql/server.js')).graphqlHandler(services, logger)));
  app.use('/admin', jsonBody, clientRoutes(services.clients), keyRoutes(services.keys));
  app.use('/admin', jsonBody, trustRoutes(services.trust));
  return finishApp(app, config, logger, db, '/admin');
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** A built-in page on the public listener, used where an app URL is not configured. */
const fallbackUrl = (config: Config, path: string) => new URL(path, config['urls.self.public']).toString();

/** What the browser flow and logout share: the cookies (sealed under secrets.cookie) and the id_token_hint check. */
interface BrowserParts {
  cookies: FlowCookies;
  idTokenHints: IdTokenHintVerifier;
}

function browserParts(config: Config, secrets: string[], keys: KeyService): BrowserParts {
  const cookieSecrets = config['secrets.cookie'].length ? [...config['secrets.cookie']] : secrets;
  return {
    cookies: new FlowCookies(new Aead(cookieSecrets, 'cookie'), {
      dev: config.dev,
      secureInDev: config['serve.cookies.secure'],
      sameSiteMode: config['serve.cookies.same_site_mode'] as 'Strict' | 'Lax' | 'None',
      issuerIsHttps: config['urls.self.issuer'].startsWith('https:'),
      domain: config['serve.cookies.domain'],
      names: {
        session: config['serve.cookies.names.session'],
        loginCsrf: config['serve.cookies.names.login_csrf'],
        consentCsrf: config['serve.cookies.names.consent_csrf'],
        // Hydra sets no logout CSRF cookie, so it has no setting for the name.
        logoutCsrf: 'ory_hydra_logout_csrf',
        deviceCsrf: config['serve.cookies.names.device_csrf'],
      },
      sessionPath: config['serve.cookies.paths.session'],
      csrfMaxAge: seconds(config['ttl.login_consent_request']),
    }),
    idTokenHints: idTokenHintVerifier(async () => (await keys.getSet(ID_TOKEN_SET)).keys.flatMap((k) => publicHalf(k) ?? [])),
  };
}

/** Logout: requests stored in the database, request URLs sealed under the system secrets. */
function browserLogout(
  config: Config,
  secrets: string[],
  deps: { db: Database; clients: ClientService; keys: KeyService; sessions: SessionService; outbound: OutboundHttp; logger: Logger },
  browser: BrowserParts,
): LogoutService {
  const fallback = (path: string) => fallbackUrl(config, path);
  return new LogoutService({
    repo: new PrismaLogoutRequestRepository(deps.db.prisma),
    cookies: browser.cookies,
    sessions: deps.sessions,
    findClient: async (id) => (await deps.clients.find(id))?.client,
    idTokenHints: browser.idTokenHints,
    aead: new Aead(secrets, 'logout-request'),
    backChannel: new BackChannelLogout({
      issuer: config['urls.self.issuer'],
      sign: (claims) => signWithIdTokenKey(deps.keys, claims),
      http: deps.outbound,
      log: deps.logger,
    }),
    settings: {
      issuer: config['urls.self.issuer'],
      publicUrl: config['urls.self.public'],
      logoutUrl: config['urls.logout'] || fallback('/oauth2/fallbacks/logout'),
      postLogoutRedirectUrl: config['urls.post_logout_redirect'] || fallback('/oauth2/fallbacks/logout/callback'),
      errorUrl: config['urls.error'] || fallback('/oauth2/fallbacks/error'),
      exposeDebug: config['oauth2.expose_internal_errors'],
      requestTtl: seconds(config['ttl.login_consent_request']),
    },
  });
}

/** The browser flow: flow state sealed in challenges (system secrets), cookies sealed under secrets.cookie. */
function browserFlow(
  config: Config,
  secrets: string[],
  deps: { clients: ClientService; keys: KeyService; tokens: TokenService; sessions: SessionService; outbound: OutboundHttp; clientJwks: ClientJwks },
  browser: BrowserParts,
): FlowService {
  const fallback = (path: string) => fallbackUrl(config, path);
  const loginUrl = config['urls.login'] || fallback('/oauth2/fallbacks/login');
  return new FlowService({
    codec: new FlowCodec(new Aead(secrets, 'flow'), config['ttl.login_consent_request']),
    cookies: browser.cookies,
    sessions: deps.sessions,
    findClient: async (id) => (await deps.clients.find(id))?.client,
    requestObjects: new RequestObjects({ jwks: deps.clientJwks, http: deps.outbound }),
    codes: deps.tokens,
    devices: deps.tokens.devices,
    idTokenHints: browser.idTokenHints,
    settings: {
      publicUrl: config['urls.self.public'],
      loginUrl,
      registrationUrl: config['urls.registration'] || loginUrl,
      consentUrl: config['urls.consent'] || fallback('/oauth2/fallbacks/consent'),
      errorUrl: config['urls.error'] || fallback('/oauth2/fallbacks/error'),
      scopeStrategy: config['strategies.scope'] as ScopeStrategy,
      exposeDebug: config['oauth2.expose_internal_errors'],
      dev: config.dev,
      authenticationSessionTtl: seconds(config['ttl.authentication_session']),
      subjects: {
        supportedTypes: config['oidc.subject_identifiers.supported_types'],
        pairwiseSalt: config['oidc.subject_identifiers.pairwise.salt'],
      },
      pkceEnforced: config['oauth2.pkce.enforced'],
      pkceEnforcedForPublicClients: config['oauth2.pkce.enforced_for_public_clients'],
      deviceVerificationUrl: config['urls.device.verification'] || fallback('/oauth2/fallbacks/device'),
      deviceSuccessUrl: config['urls.device.success'] || fallback('/oauth2/fallbacks/device/done'),
    },
  });
}

export type Listener = 'all' | 'public' | 'admin';

export interface Listening {
  publicUrl?: string;
  adminUrl?: string;
  close(): Promise<void>;
}

/** Starts the chosen listeners; port 0 picks a free port (tests). */
export async function listen(gatehouse: Gatehouse, which: Listener = 'all'): Promise<Listening> {
  const { config } = gatehouse;
  const servers: Server[] = [];
  const start = (app: Express, port: number, host: string) =>
    new Promise<string>((resolve, reject) => {
      const server = host ? app.listen(port, host) : app.listen(port);
      server.once('error', reject);
      server.once('listening', () => {
        servers.push(server);
        const address = server.address() as AddressInfo;
        const shownHost = host && host !== '0.0.0.0' && host !== '::' ? host : '127.0.0.1';
        resolve(`http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`);
      });
    });
  const result: Listening = {
    close: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((r) => { s.close(() => r()); s.closeAllConnections(); })));
    },
  };
  try {
    if (which !== 'admin') result.publicUrl = await start(gatehouse.publicApp, config['serve.public.port'], config['serve.public.host']);
    if (which !== 'public') result.adminUrl = await start(gatehouse.adminApp, config['serve.admin.port'], config['serve.admin.host']);
  } catch (err) {
    await result.close();
    throw err;
  }
  return result;
}
