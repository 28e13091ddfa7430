import { runOutcomeStoreContract } from '@switchyard/testing/contract';
import { createMemoryOutcomeStore } from './outcome-store.js';

runOutcomeStoreContract({ name: 'memory', create: () => createMemoryOutcomeStore() });
