// One readable line for a failed GitHub API call: what memgate was doing,
// which request, what GitHub answered, and what to check. Octokit's own
// message is GitHub's bare text ("Server Error", "Validation Failed"), which
// says neither which call failed nor what to do about it.

interface RequestErrorLike {
  readonly status?: unknown;
  readonly message?: unknown;
  readonly request?: { readonly method?: string; readonly url?: string };
  readonly response?: { readonly data?: unknown; readonly headers?: Record<string, string | undefined> };
}

/** HTTP status of an Octokit RequestError, if it is one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** `"<doing>: POST /repos/o/r/issues/7/comments answered 422 (…); <hint>"`. */
export function describeApiError(doing: string, error: unknown): string {
  const failure = error as RequestErrorLike | null;
  const status = statusOf(error);
  const request = failure?.request?.method ? `${failure.request.method} ${pathOf(failure.request.url)}` : 'the request';
  const detail = detailOf(failure);
  const answered =
    status === undefined
      ? `${request} failed (${detail || 'no response'})`
      : `${request} answered ${status}${detail ? ` (${detail})` : ''}`;
  return `${doing}: ${answered}; ${hintFor(status, detail)}`;
}

function pathOf(url: string | undefined): string {
  if (!url) return '(unknown url)';
  try {
    const parsed = new URL(url);
    return parsed.pathname;
  } catch {
    return url;
  }
}

// GitHub's message plus the first validation error, one line, bounded.
function detailOf(failure: RequestErrorLike | null): string {
  const data = failure?.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const parts: string[] = [];
  if (typeof data?.message === 'string') parts.push(data.message);
  else if (typeof failure?.message === 'string') parts.push(failure.message);
  const first = Array.isArray(data?.errors)
    ? (data.errors[0] as { message?: unknown } | string | undefined)
    : undefined;
  const firstMessage = typeof first === 'string' ? first : first?.message;
  if (typeof firstMessage === 'string') parts.push(firstMessage);
  return parts.join(': ').replace(/\s+/g, ' ').slice(0, 200);
}

function hintFor(status: number | undefined, detail: string): string {
  if (status === undefined) return 'check that the runner can reach GITHUB_API_URL and re-run the job';
  if (status === 401) return 'the token is invalid or expired; check the "github-token" input';
  if (status === 403 && /rate limit/i.test(detail))
    return 'GitHub rate-limited the token and the retries ran out; re-run the job later';
  if (status === 403)
    return 'the token may not write here; give the job "permissions: pull-requests: write", or for pull requests from forks use the two-workflow setup in docs/github.md';
  if (status === 404)
    return 'the repository or pull request is not visible to the token; check "github-token", "pr-number" and the job\'s permissions';
  if (status === 422) return 'GitHub rejected the content; the comment body may be too long or malformed';
  if (status >= 500)
    return 'GitHub had a server error and the retries ran out; see https://www.githubstatus.com and re-run the job';
  return "check the token and the job's permissions";
}
