/**
 * What a revision says about why and from where it was made: the CI provider's commit and pipeline identifiers read
 * from the environment, and the short failure reasons recorded when a run fails. Pure.
 */

/** The CI run that made a revision (every field a plain identifier; nothing secret is read). */
export interface CiRun {
  /** `github-actions`, `gitlab-ci`, `jenkins`, `bitbucket`, `circleci`, `azure-pipelines`, or `ci` (generic variables). */
  provider: string;
  /** Commit the pipeline built (full SHA as the provider gives it). */
  commit?: string;
  /** Pipeline, run or build identifier. */
  pipeline?: string;
  /** Repository or project path (`owner/name`, `group/project`). */
  repository?: string;
  /** Branch or tag name. */
  ref?: string;
  /** Link to the run, when the provider gives enough to build it. */
  url?: string;
}

type Env = Record<string, string | undefined>;

interface Provider {
  name: string;
  detect: (env: Env) => boolean;
  read: (env: Env) => Omit<CiRun, 'provider'>;
}

/** Checked in order; the first that detects itself wins. The generic one matches any of its variables. */
const PROVIDERS: Provider[] = [
  {
    name: 'github-actions',
    detect: (env) => env.GITHUB_ACTIONS === 'true' || Boolean(env.GITHUB_SHA && env.GITHUB_RUN_ID),
    read: (env) => ({
      commit: env.GITHUB_SHA,
      pipeline: env.GITHUB_RUN_ID && env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `${env.GITHUB_RUN_ID}/${env.GITHUB_RUN_ATTEMPT}` : env.GITHUB_RUN_ID,
      repository: env.GITHUB_REPOSITORY,
      ref: env.GITHUB_REF_NAME,
      url:
        env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
          ? `${(env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
          : undefined,
    }),
  },
  {
    name: 'gitlab-ci',
    detect: (env) => env.GITLAB_CI === 'true' || Boolean(env.CI_PROJECT_PATH && env.CI_PIPELINE_ID),
    read: (env) => ({
      commit: env.CI_COMMIT_SHA,
      pipeline: env.CI_PIPELINE_ID,
      repository: env.CI_PROJECT_PATH,
      ref: env.CI_COMMIT_REF_NAME,
      url: env.CI_PIPELINE_URL,
    }),
  },
  {
    name: 'bitbucket',
    detect: (env) => Boolean(env.BITBUCKET_BUILD_NUMBER),
    read: (env) => ({ commit: env.BITBUCKET_COMMIT, pipeline: env.BITBUCKET_BUILD_NUMBER, repository: env.BITBUCKET_REPO_FULL_NAME, ref: env.BITBUCKET_BRANCH ?? env.BITBUCKET_TAG }),
  },
  {
    name: 'circleci',
    detect: (env) => env.CIRCLECI === 'true',
    read: (env) => ({
      commit: env.CIRCLE_SHA1,
      pipeline: env.CIRCLE_BUILD_NUM,
      repository: env.CIRCLE_PROJECT_USERNAME && env.CIRCLE_PROJECT_REPONAME ? `${env.CIRCLE_PROJECT_USERNAME}/${env.CIRCLE_PROJECT_REPONAME}` : undefined,
      ref: env.CIRCLE_BRANCH ?? env.CIRCLE_TAG,
      url: env.CIRCLE_BUILD_URL,
    }),
  },
  {
    name: 'azure-pipelines',
    detect: (env) => Boolean(env.TF_BUILD && env.BUILD_BUILDID),
    read: (env) => ({ commit: env.BUILD_SOURCEVERSION, pipeline: env.BUILD_BUILDID, repository: env.BUILD_REPOSITORY_NAME, ref: env.BUILD_SOURCEBRANCHNAME }),
  },
  {
    name: 'jenkins',
    detect: (env) => Boolean(env.JENKINS_URL && env.BUILD_NUMBER),
    read: (env) => ({ commit: env.GIT_COMMIT, pipeline: env.BUILD_NUMBER, repository: env.JOB_NAME, ref: env.GIT_BRANCH ?? env.BRANCH_NAME, url: env.BUILD_URL }),
  },
  {
    // Woodpecker, Drone and many home-made pipelines set some of these.
    name: 'ci',
    detect: (env) => Boolean(env.CI_COMMIT_SHA || env.CI_COMMIT_ID || env.GIT_COMMIT || env.CI_PIPELINE_ID || env.CI_PIPELINE_NUMBER || env.BUILD_NUMBER),
    read: (env) => ({
      commit: env.CI_COMMIT_SHA ?? env.CI_COMMIT_ID ?? env.GIT_COMMIT,
      pipeline: env.CI_PIPELINE_ID ?? env.CI_PIPELINE_NUMBER ?? env.CI_BUILD_NUMBER ?? env.BUILD_NUMBER,
      repository: env.CI_REPO ?? env.CI_PROJECT_PATH,
      ref: env.CI_COMMIT_BRANCH ?? env.CI_COMMIT_REF_NAME,
      url: env.CI_PIPELINE_URL ?? env.CI_BUILD_LINK ?? env.BUILD_URL,
    }),
  },
];

/** Longest identifier kept (a variable holding something unexpected must not bloat the record). */
const MAX_FIELD = 200;

/** The CI run described by the environment, or undefined outside CI. Empty variables count as unset. */
export function ciRunFromEnv(env: Env): CiRun | undefined {
  const clean: Env = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const provider = PROVIDERS.find((p) => p.detect(clean));
  if (!provider) return undefined;
  const fields = Object.entries(provider.read(clean)).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  if (fields.length === 0) return undefined;
  return { provider: provider.name, ...Object.fromEntries(fields.map(([k, v]) => [k, v.trim().slice(0, MAX_FIELD)])) };
}

/** `abc1234 run 42 (owner/repo@main)`: a CI run in one short phrase. */
export function ciRunText(ci: CiRun): string {
  const parts: string[] = [];
  if (ci.commit) parts.push(/^[0-9a-f]{12,}$/i.test(ci.commit) ? ci.commit.slice(0, 7) : ci.commit);
  if (ci.pipeline) parts.push(`run ${ci.pipeline}`);
  const where = [ci.repository, ci.ref].filter(Boolean).join('@');
  if (where) parts.push(`(${where})`);
  return parts.length > 0 ? parts.join(' ') : ci.provider;
}

/** At most this many reasons, each at most MAX_REASON characters, are recorded for a failed revision. */
export const MAX_REASONS = 10;
export const MAX_REASON = 200;

/**
 * Short failure reasons of a run: one per service that did not converge or could not be written. Any occurrence of
 * a secret value the run sent is replaced by `(redacted)` (an Engine or task error could echo input back), and
 * each reason is shortened, so the label that holds them stays small.
 */
export function failureReasons(
  report: { writeFailure?: { type: string; name: string; message: string }; services: { name: string; phase: string; message?: string }[]; message?: string },
  secretValues: readonly string[] = [],
): string[] {
  const reasons: string[] = [];
  if (report.writeFailure) reasons.push(`${report.writeFailure.type} ${report.writeFailure.name}: write failed: ${report.writeFailure.message}`);
  for (const s of report.services) {
    if (['converged', 'removed', 'written', 'not-started', 'write-failed'].includes(s.phase)) continue;
    const phase = s.phase === 'rolled-back' ? 'rolled back by swarm' : s.phase;
    reasons.push(`${s.name}: ${phase}${s.message ? ` (${s.message})` : ''}`);
  }
  if (reasons.length === 0 && report.message) reasons.push(report.message);
  return reasons.slice(0, MAX_REASONS).map((reason) => shorten(redact(reason.replace(/\s+/g, ' ').trim(), secretValues)));
}

function redact(text: string, secretValues: readonly string[]): string {
  let out = text;
  // Very short values would redact ordinary words; they cannot be told apart from text anyway.
  for (const value of [...secretValues].filter((v) => v.trim().length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(value).join('(redacted)');
    const trimmed = value.trim();
    if (trimmed !== value) out = out.split(trimmed).join('(redacted)');
  }
  return out;
}

function shorten(text: string): string {
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`;
}
