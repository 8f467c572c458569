// Loads every handler file; each registers itself with its version range.
import './api-versions.js';
import './metadata.js';
import './produce.js';
import './fetch.js';
import './list-offsets.js';
import './init-producer-id.js';
import './create-topics.js';
import './delete-topics.js';
import './create-partitions.js';
import './delete-records.js';
import './describe-configs.js';
import './alter-configs.js';
import './incremental-alter-configs.js';
import './describe-cluster.js';
