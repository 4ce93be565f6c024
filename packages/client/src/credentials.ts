// `@csms-openapi/client/credentials`: credentials the way Huawei Cloud hands them to applications,
// resolved as the official SDK cores do (huaweicloud-sdk-python-v3 huaweicloudsdkcore/auth/provider.py,
// huaweicloud-sdk-go-v3 core/auth/provider/*.go): environment variables, the profile file, the
// ECS metadata service, and a chain of the three. Each returns a memoized provider that
// `createCsmsClient({ credentials })` takes. Node.js only (the profile file is read with node:fs).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CsmsError } from './errors.js';
import { IniError, parseIni } from './ini.js';
import { type MetadataOptions, metadataSource } from './metadata.js';
import { type CredentialProvider, type MemoizeOptions, memoizeCredentials, type ProvidedCredentials } from './provider.js';

export type { CredentialProvider, CredentialSource, MemoizeOptions, ProvidedCredentials } from './provider.js';
export { memoizeCredentials } from './provider.js';
export type { MetadataOptions } from './metadata.js';
export { METADATA_DEFAULTS, METADATA_ENDPOINT, SECURITY_KEY_PATH, TOKEN_PATH } from './metadata.js';

/** The variables the official SDKs read (EnvCredentialProvider). */
export const ENV = Object.freeze({
  ak: 'HUAWEICLOUD_SDK_AK',
  sk: 'HUAWEICLOUD_SDK_SK',
  securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  projectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
  credentialsFile: 'HUAWEICLOUD_SDK_CREDENTIALS_FILE',
  idpId: 'HUAWEICLOUD_SDK_IDP_ID',
  idTokenFile: 'HUAWEICLOUD_SDK_ID_TOKEN_FILE',
});
/** Largest profile file read: a credentials file is a few hundred bytes. */
export const MAX_PROFILE_BYTES = 1024 * 1024;

type Env = Record<string, string | undefined>;

export interface EnvOptions {
  /** Where to read the variables. Default `process.env`, read at each fetch. */
  env?: Env;
  /** The project when the variables name none (`HUAWEICLOUD_SDK_PROJECT_ID` wins). */
  projectId?: string;
}

export interface ProfileOptions extends EnvOptions {
  /** Default: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`. */
  file?: string;
  /** The section to read. Default `basic`, the SDKs' section for regional services such as CSMS. */
  profile?: string;
}

export interface DefaultCredentialsOptions extends EnvOptions, MemoizeOptions {
  profile?: Omit<ProfileOptions, 'env' | 'projectId'>;
  metadata?: Omit<MetadataOptions, 'projectId' | 'now'>;
}

const fail = (message: string) => new CsmsError(message, { kind: 'credentials' });
const set = (v: string | undefined): v is string => typeof v === 'string' && v !== '';

/** Keys or a refusal, from the four values a source names (the SDKs take ak and sk only together). */
function keysFrom(
  values: { ak?: string; sk?: string; securityToken?: string; projectId?: string; idpId?: string; idTokenFile?: string },
  names: Record<'ak' | 'sk' | 'idp', string>,
  where: string,
  source: string,
  projectId: string | undefined,
): ProvidedCredentials {
  if (!set(values.ak) || !set(values.sk)) {
    // Federation (an OpenID Connect ID token exchanged at IAM) is what the SDKs do then; this client does not.
    if (set(values.idpId) || set(values.idTokenFile))
      throw fail(`${where} names ${names.idp} (federation with an ID token), which this client does not support: give AK/SK instead`);
    const missing = [names.ak, names.sk].filter((_, i) => !set(i === 0 ? values.ak : values.sk));
    throw fail(
      `${missing.join(' and ')} ${where.startsWith('the environment') ? (missing.length > 1 ? 'are not set' : 'is not set') : `missing in ${where}`}`,
    );
  }
  return {
    ak: values.ak,
    sk: values.sk,
    securityToken: set(values.securityToken) ? values.securityToken : undefined,
    projectId: set(values.projectId) ? values.projectId : projectId,
    source,
  };
}

/**
 * `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, and optionally `HUAWEICLOUD_SDK_SECURITY_TOKEN` and
 * `HUAWEICLOUD_SDK_PROJECT_ID`. Read when first needed, and again when the service refuses them.
 */
export function fromEnv(options: EnvOptions = {}): CredentialProvider {
  return memoizeCredentials(() => {
    const env = options.env ?? process.env;
    return keysFrom(
      {
        ak: env[ENV.ak],
        sk: env[ENV.sk],
        securityToken: env[ENV.securityToken],
        projectId: env[ENV.projectId],
        idpId: env[ENV.idpId],
        idTokenFile: env[ENV.idTokenFile],
      },
      { ak: ENV.ak, sk: ENV.sk, idp: `${ENV.idpId}/${ENV.idTokenFile}` },
      'the environment',
      'environment',
      options.projectId,
    );
  });
}

/** The profile file's path: the option, else the variable, else ~/.huaweicloud/credentials (as the SDKs). */
function profilePath(options: ProfileOptions): string {
  const fromEnv = (options.env ?? process.env)[ENV.credentialsFile];
  return options.file ?? (set(fromEnv) ? fromEnv : path.join(os.homedir(), '.huaweicloud', 'credentials'));
}

/** The file's text, refused (naming the file, never quoting it) when it cannot be a credentials file. */
async function readProfile(file: string): Promise<string> {
  let handle: fs.FileHandle | undefined;
  try {
    // Not a FIFO or device: opening one could block, or read for ever.
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw fail(`The profile file ${file} is not a regular file`);
    if (stat.size > MAX_PROFILE_BYTES)
      throw fail(`The profile file ${file} is larger than ${MAX_PROFILE_BYTES} bytes: not a credentials file`);
    handle = await fs.open(file, 'r');
    const buffer = Buffer.alloc(MAX_PROFILE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_PROFILE_BYTES)
      throw fail(`The profile file ${file} is larger than ${MAX_PROFILE_BYTES} bytes: not a credentials file`);
    const bytes = buffer.subarray(0, bytesRead);
    if (bytes.includes(0)) throw fail(`The profile file ${file} holds binary data (NUL bytes): not a credentials file`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw fail(`The profile file ${file} is not UTF-8 text`);
    }
  } catch (e) {
    if (e instanceof CsmsError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw fail(`The profile file ${file} does not exist`);
    throw fail(`The profile file ${file} cannot be read (${code ?? 'error'})`);
  } finally {
    await handle?.close();
  }
}

/**
 * The `[basic]` section (or `profile`) of the credentials file: `ak`, `sk`, and optionally
 * `security_token` and `project_id`. Read when first needed, and again when the service refuses them.
 */
export function fromProfile(options: ProfileOptions = {}): CredentialProvider {
  const section = options.profile ?? 'basic';
  if (typeof section !== 'string' || section === '')
    throw new CsmsError('Invalid profile: expected a section name such as basic.', { kind: 'invalid-argument' });
  return memoizeCredentials(async () => {
    const file = profilePath(options);
    let ini: ReturnType<typeof parseIni>;
    try {
      ini = parseIni(await readProfile(file));
    } catch (e) {
      if (e instanceof IniError) throw fail(`The profile file ${file} is not a credentials file: ${e.message}`);
      throw e;
    }
    const keys = ini.get(section);
    if (!keys) throw fail(`The profile file ${file} has no [${section}] section`);
    return keysFrom(
      {
        ak: keys.get('ak'),
        sk: keys.get('sk'),
        securityToken: keys.get('security_token'),
        projectId: keys.get('project_id'),
        idpId: keys.get('idp_id'),
        idTokenFile: keys.get('id_token_file'),
      },
      { ak: 'ak', sk: 'sk', idp: 'idp_id/id_token_file' },
      `section [${section}] of ${file}`,
      `profile ${file} [${section}]`,
      options.projectId,
    );
  });
}

/**
 * Temporary keys of the instance's agency from the ECS metadata service (default
 * `http://169.254.169.254`), fetched again ahead of their expiry. The service names no project:
 * pass `projectId` here or to createCsmsClient.
 */
export function fromMetadata(options: MetadataOptions & MemoizeOptions = {}): CredentialProvider {
  return memoizeCredentials(metadataSource(options), options);
}

/**
 * The first of the environment, the profile file and the metadata service that has credentials
 * (the SDKs' order; their federation step is not supported), then that one for good. When none
 * has, the error names what each lacked.
 */
export function defaultCredentials(options: DefaultCredentialsOptions = {}): CredentialProvider {
  const { env, projectId, profile, metadata, ...memo } = options;
  const chain: [string, CredentialProvider][] = [
    ['environment', fromEnv({ env, projectId })],
    ['profile', fromProfile({ ...profile, env, projectId })],
    ['metadata', fromMetadata({ ...metadata, projectId, ...memo })],
  ];
  let chosen: CredentialProvider | undefined;
  let choosing: Promise<ProvidedCredentials> | undefined;
  const choose = () => {
    choosing ??= (async () => {
      const reasons: string[] = [];
      for (const [name, provider] of chain) {
        try {
          const c = await provider();
          chosen = provider;
          return c;
        } catch (e) {
          if (!(e instanceof CsmsError) || (e.kind !== 'credentials' && e.kind !== 'invalid-argument')) throw e;
          reasons.push(`${name}: ${e.message}`);
        }
      }
      throw fail(`No credentials found. ${reasons.join('; ')}`);
    })().finally(() => {
      choosing = undefined;
    });
    return choosing;
  };
  return Object.assign(() => (chosen ? chosen() : choose()), {
    peek: () => chosen?.peek(),
    refresh: (stale?: ProvidedCredentials) => (chosen ? chosen.refresh(stale) : choose()),
  });
}
