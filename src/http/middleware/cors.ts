// CORS for one listener, configured by serve.{public,admin}.cors.*.
import type { RequestHandler } from 'express';
import type { Config } from '../../config/settings.js';

export function cors(config: Config, side: 'public' | 'admin'): RequestHandler {
  const get = <K extends keyof Config>(key: K) => config[key];
  const enabled = get(`serve.${side}.cors.enabled` as keyof Config) as boolean;
  const origins = get(`serve.${side}.cors.allowed_origins` as keyof Config) as string[];
  const methods = (get(`serve.${side}.cors.allowed_methods` as keyof Config) as string[]).join(', ');
  const headers = (get(`serve.${side}.cors.allowed_headers` as keyof Config) as string[]).join(', ');
  const exposed = (get(`serve.${side}.cors.exposed_headers` as keyof Config) as string[]).join(', ');
  const credentials = get(`serve.${side}.cors.allow_credentials` as keyof Config) as boolean;
  const maxAge = get(`serve.${side}.cors.max_age` as keyof Config) as number;
  const anyOrigin = origins.includes('*');

  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!enabled || !origin) return next();
    if (!anyOrigin && !origins.includes(origin)) return next();
    res.vary('Origin');
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (exposed) res.setHeader('Access-Control-Expose-Headers', exposed);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', methods);
      res.setHeader('Access-Control-Allow-Headers', headers);
      if (maxAge > 0) res.setHeader('Access-Control-Max-Age', String(maxAge));
      res.status(204).end();
      return;
    }
    next();
  };
}
