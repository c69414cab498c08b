/** The CTS ISC-JSGF-06 scheme: its catalogue of 94 items, the grade ladder, the GB/T 27922 scoring rules and the seed audit's item results. */
package org.certaudit.scheme;
