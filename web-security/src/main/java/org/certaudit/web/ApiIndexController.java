package org.certaudit.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /}: where the API, its documentation and the health check are, for anyone who lands here. */
@RestController
public class ApiIndexController {

    private final String service;

    public ApiIndexController(String service) {
        this.service = service;
    }

    @GetMapping(path = "/", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> index() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("service", service);
        links.put("api", "/api");
        links.put("documentation", "/swagger-ui.html");
        links.put("openapi", "/v3/api-docs");
        links.put("health", "/actuator/health");
        return links;
    }
}
