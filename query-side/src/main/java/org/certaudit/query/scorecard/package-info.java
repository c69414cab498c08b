/** The scorecard of an audit now, at any earlier version or instant, and the difference between two points. */
package org.certaudit.query.scorecard;
