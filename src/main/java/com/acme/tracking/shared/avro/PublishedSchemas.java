package com.acme.tracking.shared.avro;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every schema the service has published for a record, so that producers still writing
 * with an older {@code .avsc} stay readable. Earlier versions are kept as
 * {@code api/avro/published/<Record>-v<n>.avsc} (copied into the jar by the build); the
 * current one is compiled into the generated class.
 */
public final class PublishedSchemas {

	private PublishedSchemas() {
	}

	public static List<Schema> of(String recordName) {
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver()
				.getResources("classpath*:api/avro/published/" + recordName + "-v*.avsc");
			List<Schema> schemas = new ArrayList<>();
			for (Resource resource : resources) {
				try (InputStream in = resource.getInputStream()) {
					schemas.add(new Schema.Parser().parse(in));
				}
			}
			return schemas;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read the published schemas of " + recordName, ex);
		}
	}

}
