/** The transparency log's MongoDB collections: leaves, perfect-subtree nodes and signed tree heads. */
package org.certaudit.ledger.log;
