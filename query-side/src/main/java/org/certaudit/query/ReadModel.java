package org.certaudit.query;

import java.util.List;

/** A projection's read model: the processing group that builds it and the collections it owns. */
public interface ReadModel {

    String processingGroup();

    List<String> collections();
}
