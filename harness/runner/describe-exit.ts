// How a child process ended, as the middle of an error sentence:
// "was killed by SIGKILL" or "exited with code 3".

export function describeExit(code: number | null | undefined, signal: string | null | undefined): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
}
