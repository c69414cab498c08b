/** The seed audit driven through the public HTTP API, for `./run.sh --demo` and the end-to-end test. */
package org.certaudit.demo;
