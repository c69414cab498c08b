package org.certaudit.scheme;

import java.math.BigDecimal;
import java.util.Objects;

/** One of the three parts of the catalogue (5.1 售后服务体系, 5.2 商品服务, 5.3 顾客服务) with its maximum points. */
public record Part(String number, String title, BigDecimal points) {

    public Part {
        Objects.requireNonNull(number, "part number is required");
        Objects.requireNonNull(title, "title of part " + number + " is required");
        Objects.requireNonNull(points, "points of part " + number + " are required");
    }
}
