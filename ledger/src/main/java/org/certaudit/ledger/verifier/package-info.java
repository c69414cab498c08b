/**
 * The offline verifier: checks an evidence bundle, or a whole store by URI, without trusting the server that
 * produced it; {@code java -jar ledger-verifier.jar}.
 */
package org.certaudit.ledger.verifier;
