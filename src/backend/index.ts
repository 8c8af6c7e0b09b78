export { BACKEND_ENV, selectBackend } from './select';
export type { BackendName, BackendReport } from './select';
