// The env vars that hand the injected probe (probe/attach.ts) its result file.
// Their own module, free of zod: the probe reads them inside the measured service.

export const ATTACH_RESULT_ENV = 'MEMGATE_ATTACH_RESULT';
/** The NODE_OPTIONS fragment memgate added, so the probe can remove it for the service's children. */
export const ATTACH_IMPORT_ENV = 'MEMGATE_ATTACH_IMPORT';
