export type { HashAlgo, LookasideRef, LookasideStore } from './types.js';
export { HASH_HEX_LENGTH } from './types.js';
export { createLocalLookaside, candidatePaths } from './local-store.js';
export { hashFile } from './hash-file.js';
export { checkRef } from './safe-ref.js';
export { findSourceFile, type FoundSource } from './find-source-file.js';
export { createFedoraLookaside, type FedoraLookasideOptions } from './fedora-store.js';
export { createS3Lookaside, type S3LookasideOptions } from './s3-store.js';
export { createLookasideStore, isRemoteLookaside, LOOKASIDE_FORMS, type LookasideEnv, type LookasideFactoryOptions } from './store-factory.js';
