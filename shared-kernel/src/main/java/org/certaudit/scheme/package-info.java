/** The CTS ISC-JSGF-06 scheme: its catalogue of 94 items, the grade ladder and the GB/T 27922 scoring rules. */
package org.certaudit.scheme;
