/** A certificate's life as a pure fold of the project's events: its status, grade and validity on any day. */
package org.certaudit.certificate;
