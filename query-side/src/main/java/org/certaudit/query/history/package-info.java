/** Every change to one item of an audit, oldest first: old and new result, note, reason, who, when and where in the stream. */
package org.certaudit.query.history;
