/** The HTTP contract both sides share: one RFC 9457 problem format, strict request reading, and refusals made outside the handlers. */
package org.certaudit.web;
