/** The query side: follows the event store with tracking processors and answers questions from MongoDB read models. */
package org.certaudit.query;
