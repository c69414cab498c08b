/** The evidence bundle: a stream's events as stored, their hashes and inclusion proofs against one signed tree head. */
package org.certaudit.ledger.bundle;
