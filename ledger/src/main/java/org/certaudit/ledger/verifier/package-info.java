/**
 * The offline verifier: checks an evidence bundle, or a whole store by URI, and a printed report against a bundle,
 * without trusting the server that produced them; {@code java -jar ledger-verifier.jar}.
 */
package org.certaudit.ledger.verifier;
