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
// Group coordinator
import './find-coordinator.js';
import './join-group.js';
import './sync-group.js';
import './heartbeat.js';
import './leave-group.js';
import './offset-commit.js';
import './offset-fetch.js';
import './describe-groups.js';
import './list-groups.js';
import './delete-groups.js';
import './offset-delete.js';
// Transaction coordinator
import './add-partitions-to-txn.js';
import './add-offsets-to-txn.js';
import './txn-offset-commit.js';
import './end-txn.js';
import './describe-transactions.js';
import './list-transactions.js';
// Security
import './sasl-handshake.js';
import './sasl-authenticate.js';
