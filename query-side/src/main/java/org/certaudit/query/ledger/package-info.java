/**
 * The transparency log over all streams (hosted by the query side), its signing key, and the proofs and evidence
 * bundles it serves over HTTP.
 */
package org.certaudit.query.ledger;
