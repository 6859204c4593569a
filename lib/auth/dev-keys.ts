import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { durationSeconds, durationText, type Config } from '../service/config.ts';
import { claimsOf, type Viewer } from './viewer.ts';

// ---- the local development key: signs users' tokens where no issuer is configured ----------------------------

interface DevKey {
  privateKey: JWK;
  publicKey: JWK;
}

const DEV_ALG = 'ES256';

/** The local development key pair, made on first use and kept beside the embedded database's data. */
async function devKey(file: string): Promise<DevKey> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as DevKey;
  const pair = await generateKeyPair(DEV_ALG, { extractable: true });
  const key = { privateKey: await exportJWK(pair.privateKey), publicKey: await exportJWK(pair.publicKey) };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}

/**
 * Signs a user token with the local development key (for `npm run token`, the printed start token and tests),
 * living `expiresIn` (e.g. `12h`; by default 12 hours or the configured maximum, if shorter). A lifetime the hub
 * would refuse is refused here.
 */
export async function signDevToken(
  config: Config,
  viewer: Omit<Viewer, 'subject'> & { subject?: string },
  expiresIn?: string,
): Promise<string> {
  const seconds = expiresIn === undefined ? Math.min(12 * 3600, config.JWT_MAX_LIFETIME) : durationSeconds(expiresIn);
  if (!seconds) throw new Error(`有效期“${expiresIn}”无效：应为时长，如 30m、12h`);
  if (seconds > config.JWT_MAX_LIFETIME) {
    throw new Error(`有效期 ${expiresIn} 超过了允许的最长有效期 ${durationText(config.JWT_MAX_LIFETIME)}（JWT_MAX_LIFETIME）`);
  }
  const key = await devKey(config.DEV_KEY_FILE);
  return new SignJWT(claimsOf({ subject: 'dev', ...viewer }))
    .setProtectedHeader({ alg: DEV_ALG })
    .setSubject(viewer.subject ?? `dev-${viewer.level.toLowerCase()}-${viewer.schoolId ?? viewer.regionCode}`)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${seconds}s`)
    .sign(await importJWK(key.privateKey, DEV_ALG));
}

/** The dev key's public half, which verifies the tokens `signDevToken` signs. */
export async function devPublicKey(file: string): Promise<CryptoKey> {
  return (await importJWK((await devKey(file)).publicKey, DEV_ALG)) as CryptoKey;
}

export const usesDevKey = (config: Config) => !config.JWT_JWKS_URL && !config.JWT_PUBLIC_KEY;
