/** The certificate register: each certificate's status on any day, the public certificate, and the regulator's export of decisions. */
package org.certaudit.query.certificates;
