/** The audit workflow: the project aggregate holding its audits, its commands and their HTTP endpoints. */
package org.certaudit.command.audit;
