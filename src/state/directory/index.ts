export { StateDirectory, StateDirectoryError, LOCK_FILE_NAME, PROCESS_METADATA_FILE, type StateDirectoryOptions } from './state-directory.js';
export { readCheckpoint, writeCheckpoint, deleteCheckpoint, checkpointKey, CheckpointError, CHECKPOINT_FILE_NAME, type CheckpointOffsets } from './checkpoint-file.js';
export { tryLock, unlock, isLocked, isProcessAlive, readLockOwner, type LockResult, type LockOwner } from './lock-file.js';
