// The first module of the bundle of tfjs's op tests (see ../../tfjs-op-tests.test.ts): it makes the one test
// environment the backend genlab selects (GENLAB_BACKEND: 'native' or 'wasm'), registered as 'wasm', and leaves out
// the excluded cases, as tfjs's own backends do in their setup_test.ts.
import { setTestEnvs, setupTestFilters } from '@tensorflow/tfjs-core/dist/jasmine_util';
import { selectBackend } from '../../../src/backend/select';
import { EXCLUDED } from './excluded';

declare const beforeAll: (action: () => Promise<unknown>) => void;

setTestEnvs([{ name: 'genlab', backendName: 'wasm', isDataSync: true }]);
// Every case (all names hold a space) but the excluded ones.
setupTestFilters([{ include: ' ', excludes: EXCLUDED.map((e) => e.test) }], () => false);
// Before any suite's own beforeAll, which resets the engine and starts the 'wasm' backend again: by then genlab's
// kernels are registered on it.
beforeAll(() => selectBackend({ quiet: true }));
