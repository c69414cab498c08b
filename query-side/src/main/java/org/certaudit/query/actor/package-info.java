/** Who did it: the team member behind a signed-in user at a given point of an audit's stream, as history and trail name them. */
package org.certaudit.query.actor;
