/**
 * The tamper-evident ledger: the canonical form and SHA-256 chain of stored events, in plain Java so that the
 * servers and the offline verifier compute every hash with the same code.
 */
package org.certaudit.ledger;
