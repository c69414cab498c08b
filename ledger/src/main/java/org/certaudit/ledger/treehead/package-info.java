/** Ed25519-signed tree heads (size, root, time) and the keys that sign them, in PEM files. */
package org.certaudit.ledger.treehead;
