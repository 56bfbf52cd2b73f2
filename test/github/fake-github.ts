// A fake of the GitHub REST endpoints the action uses, on a real HTTP server
// bound to 127.0.0.1 (random port). It keeps issue comments in memory,
// paginates them with real `Link` headers, answers GraphQL `viewer` like
// GitHub does per token kind, rejects bodies over 65,536 characters with 422
// as GitHub does, can be told to fail the next requests (5xx, secondary rate
// limits), and records every request so tests can assert what was (and was
// not) written.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  readonly login: string;
  readonly type: 'User' | 'Bot';
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  user: FakeUser;
  performedViaApp: string | null;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export interface FakeGitHubOptions {
  /** Who the token belongs to. Default: the workflow's GITHUB_TOKEN bot. */
  readonly tokenUser?: FakeUser;
  /** `GET /user` answers 403, as it does for installation tokens. Default true. */
  readonly userForbidden?: boolean;
  /** Comment writes answer 403, as for a fork's read-only token. */
  readonly readOnly?: boolean;
  /**
   * What GraphQL `{ viewer { login } }` answers: a login (GitHub names
   * `github-actions[bot]` for GITHUB_TOKEN, `<slug>[bot]` for an app token, the
   * user for a personal token), or an HTTP status to fail with. Default: the
   * token user's login.
   */
  readonly viewer?: string | number;
}

/** A canned failure for the next requests matching `route` ("POST /repos/…/comments", a RegExp over "METHOD path"). */
export interface InjectedFailure {
  readonly route: RegExp;
  readonly status: number;
  readonly message: string;
  readonly headers?: Record<string, string>;
  /** How many matching requests fail; later ones are served normally. */
  times: number;
}

/** GitHub's limit on issue comment bodies. */
export const MAX_BODY_CHARS = 65_536;

export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' };

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments: FakeComment[] = [];
  readonly pulls = new Map<number, { headSha: string }>();
  readonly failures: InjectedFailure[] = [];
  options: FakeGitHubOptions = {};
  private nextId = 1000;
  private server: Server | undefined;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server?.close((error) => (error ? reject(error) : resolve())));
  }

  /** Forgets comments, pulls and requests between tests. */
  reset(options: FakeGitHubOptions = {}): void {
    this.requests.length = 0;
    this.comments.length = 0;
    this.pulls.clear();
    this.failures.length = 0;
    this.options = options;
  }

  addComment(issueNumber: number, body: string, user: FakeUser, performedViaApp: string | null = null): FakeComment {
    const comment = { id: this.nextId++, issueNumber, body, user, performedViaApp };
    this.comments.push(comment);
    return comment;
  }

  /** Makes the next `times` requests matching `route` fail with `status`. */
  fail(route: RegExp, status: number, message: string, times = 1, headers: Record<string, string> = {}): void {
    this.failures.push({ route, status, message, headers, times });
  }

  /** Requests that changed something (POST, PATCH, PUT, DELETE); GraphQL queries are reads. */
  writes(): RecordedRequest[] {
    return this.requests.filter((request) => request.method !== 'GET' && request.path !== '/graphql');
  }

  private tokenUser(): FakeUser {
    return this.options.tokenUser ?? ACTIONS_BOT;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const text = await readBody(request);
    const body: unknown = text ? JSON.parse(text) : undefined;
    this.requests.push({ method: request.method ?? '', path: `${url.pathname}${url.search}`, body });
    const route = `${request.method} ${url.pathname}`;
    const failure = this.failures.find((candidate) => candidate.times > 0 && candidate.route.test(route));
    if (failure) {
      failure.times -= 1;
      return send(response, failure.status, { message: failure.message }, failure.headers);
    }
    let match: RegExpExecArray | null;
    if (route === 'GET /user') return this.getUser(response);
    if (route === 'POST /graphql') return this.graphql(response, body);
    if ((match = /^GET \/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(route)))
      return this.listComments(response, url, Number(match[1]));
    if ((match = /^POST \/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(route)))
      return this.createComment(response, Number(match[1]), body);
    if ((match = /^PATCH \/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(route)))
      return this.updateComment(response, Number(match[1]), body);
    if ((match = /^GET \/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(route)))
      return this.getPull(response, Number(match[1]));
    send(response, 404, { message: 'Not Found' });
  }

  private getUser(response: ServerResponse): void {
    if (this.options.userForbidden ?? true)
      return send(response, 403, { message: 'Resource not accessible by integration' });
    send(response, 200, { login: this.tokenUser().login, type: this.tokenUser().type });
  }

  private graphql(response: ServerResponse, body: unknown): void {
    const query = (body as { query?: unknown } | undefined)?.query;
    if (typeof query !== 'string' || !/\bviewer\s*\{\s*login\s*\}/.test(query))
      return send(response, 200, { errors: [{ message: 'only { viewer { login } } is faked' }] });
    const viewer = this.options.viewer ?? this.tokenUser().login;
    if (typeof viewer === 'number')
      return send(response, viewer, { message: 'Resource not accessible by integration' });
    send(response, 200, { data: { viewer: { login: viewer } } });
  }

  private listComments(response: ServerResponse, url: URL, issueNumber: number): void {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const all = this.comments.filter((comment) => comment.issueNumber === issueNumber);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const links: string[] = [];
    const pageUrl = (n: number) => `<${this.baseUrl}${url.pathname}?per_page=${perPage}&page=${n}>`;
    if (page < last) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
    if (page > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(page - 1)}; rel="prev"`);
    const data = all.slice((page - 1) * perPage, page * perPage).map(toApiComment);
    send(response, 200, data, links.length > 0 ? { link: links.join(', ') } : {});
  }

  private createComment(response: ServerResponse, issueNumber: number, body: unknown): void {
    if (this.options.readOnly) return send(response, 403, { message: 'Resource not accessible by integration' });
    if (tooLong(body)) return sendTooLong(response);
    const comment = this.addComment(issueNumber, (body as { body: string }).body, this.tokenUser());
    send(response, 201, toApiComment(comment));
  }

  private updateComment(response: ServerResponse, id: number, body: unknown): void {
    if (this.options.readOnly) return send(response, 403, { message: 'Resource not accessible by integration' });
    const comment = this.comments.find((candidate) => candidate.id === id);
    if (!comment) return send(response, 404, { message: 'Not Found' });
    if (tooLong(body)) return sendTooLong(response);
    comment.body = (body as { body: string }).body;
    send(response, 200, toApiComment(comment));
  }

  private getPull(response: ServerResponse, pullNumber: number): void {
    const pull = this.pulls.get(pullNumber);
    if (!pull) return send(response, 404, { message: 'Not Found' });
    send(response, 200, { number: pullNumber, head: { sha: pull.headSha } });
  }
}

function tooLong(body: unknown): boolean {
  return [...((body as { body?: string } | undefined)?.body ?? '')].length > MAX_BODY_CHARS;
}

// GitHub's answer to an oversized comment body.
function sendTooLong(response: ServerResponse): void {
  send(response, 422, {
    message: 'Validation Failed',
    errors: [
      {
        resource: 'IssueComment',
        code: 'custom',
        field: 'body',
        message: 'body is too long (maximum is 65536 characters)',
      },
    ],
    documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
    status: '422',
  });
}

function toApiComment(comment: FakeComment): Record<string, unknown> {
  return {
    id: comment.id,
    body: comment.body,
    user: { login: comment.user.login, type: comment.user.type },
    performed_via_github_app: comment.performedViaApp ? { slug: comment.performedViaApp } : null,
  };
}

function send(response: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(data));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
