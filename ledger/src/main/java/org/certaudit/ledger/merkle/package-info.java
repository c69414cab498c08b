/** RFC 9162 Merkle tree hashing, inclusion and consistency proofs: building them and checking them. */
package org.certaudit.ledger.merkle;
