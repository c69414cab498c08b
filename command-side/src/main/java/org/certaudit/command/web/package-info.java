/** HTTP concerns shared by every endpoint: problem responses, request ids, idempotency keys, strict JSON. */
package org.certaudit.command.web;
