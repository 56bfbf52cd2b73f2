// Where reports go: the part of the CLI's process that reporters need. Defined
// here, below the CLI, so the CLI hands its process in and report/ never
// imports cli/.

export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** The working directory, environment and stdout that reports are written against. */
export interface ReportTarget {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: OutputStream;
}
