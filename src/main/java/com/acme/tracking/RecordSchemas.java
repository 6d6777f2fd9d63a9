package com.acme.tracking;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API document says what the response records already say, so that the two cannot
 * drift (springdoc reads neither JSpecify's {@code @Nullable} nor a record's components):
 * every component of a response record is {@code required}, except one that Jackson
 * leaves out when null ({@code @JsonInclude(NON_NULL)}); a component marked
 * {@code @Nullable} is written as null and declared {@code type: [X, "null"]} (a
 * reference: {@code oneOf} it or {@code null}). The records are found from the handler
 * methods' return types, through their components, named as springdoc names them (a
 * generic record by its name and its type arguments' names:
 * {@code PageBodyOrderSummary}).
 */
@Component
class RecordSchemas implements OpenApiCustomizer {

	private static final Set<JsonInclude.Include> OMITTED_WHEN_NULL = Set.of(JsonInclude.Include.NON_NULL,
			JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_DEFAULT);

	private final RequestMappingHandlerMapping handlers;

	RecordSchemas(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlers) {
		this.handlers = handlers;
	}

	@Override
	@SuppressWarnings("rawtypes")
	public void customise(OpenAPI api) {
		Map<String, Schema> schemas = (api.getComponents() != null) ? api.getComponents().getSchemas() : null;
		if (schemas == null) {
			return;
		}
		Map<String, Class<?>> records = new LinkedHashMap<>();
		this.handlers.getHandlerMethods().forEach((mapping, handler) -> {
			if (mapping.getPatternValues().stream().anyMatch((pattern) -> pattern.startsWith("/v1/"))) {
				collect(handler.getMethod().getGenericReturnType(), Map.of(), records);
			}
		});
		records.forEach((name, type) -> {
			Schema<?> schema = schemas.get(name);
			if (schema != null) {
				declare(schema, type);
			}
		});
	}

	/** Every response record reachable from this type, by its schema name. */
	private static void collect(Type type, Map<TypeVariable<?>, Type> bindings, Map<String, Class<?>> records) {
		Type resolved = resolve(type, bindings);
		if (resolved instanceof GenericArrayType array) {
			collect(array.getGenericComponentType(), bindings, records);
		}
		else if (resolved instanceof ParameterizedType parameterized) {
			Class<?> raw = (Class<?>) parameterized.getRawType();
			Type[] arguments = parameterized.getActualTypeArguments();
			if (raw.isRecord()) {
				if (add(records, name(parameterized, bindings), raw)) {
					Map<TypeVariable<?>, Type> inner = new HashMap<>();
					TypeVariable<?>[] variables = raw.getTypeParameters();
					for (int i = 0; i < variables.length; i++) {
						inner.put(variables[i], resolve(arguments[i], bindings));
					}
					components(raw, inner, records);
				}
			}
			else if (HttpEntity.class.isAssignableFrom(raw) || Collection.class.isAssignableFrom(raw)
					|| Optional.class.equals(raw)) {
				for (Type argument : arguments) {
					collect(argument, bindings, records);
				}
			}
		}
		else if (resolved instanceof Class<?> raw) {
			if (raw.isArray()) {
				collect(raw.getComponentType(), bindings, records);
			}
			else if (raw.isRecord() && add(records, raw.getSimpleName(), raw)) {
				components(raw, Map.of(), records);
			}
		}
	}

	/** Whether the record is new here; two records of one name would share one schema. */
	private static boolean add(Map<String, Class<?>> records, String name, Class<?> record) {
		Class<?> known = records.putIfAbsent(name, record);
		if (known != null && !known.equals(record)) {
			throw new IllegalStateException(
					"Two response records named " + name + ": " + known.getName() + " and " + record.getName());
		}
		return known == null;
	}

	private static void components(Class<?> record, Map<TypeVariable<?>, Type> bindings,
			Map<String, Class<?>> records) {
		for (RecordComponent component : record.getRecordComponents()) {
			collect(component.getGenericType(), bindings, records);
		}
	}

	private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
		if (type instanceof TypeVariable<?> variable) {
			Type bound = bindings.get(variable);
			return (bound != null) ? bound : variable.getBounds()[0];
		}
		if (type instanceof WildcardType wildcard) {
			return resolve(wildcard.getUpperBounds()[0], bindings);
		}
		return type;
	}

	/**
	 * The schema name springdoc gives a type: {@code PageBody<OrderSummary>}:
	 * PageBodyOrderSummary.
	 */
	private static String name(Type type, Map<TypeVariable<?>, Type> bindings) {
		Type resolved = resolve(type, bindings);
		if (resolved instanceof ParameterizedType parameterized) {
			StringBuilder name = new StringBuilder(((Class<?>) parameterized.getRawType()).getSimpleName());
			for (Type argument : parameterized.getActualTypeArguments()) {
				name.append(name(argument, bindings));
			}
			return name.toString();
		}
		return (resolved instanceof Class<?> raw) ? raw.getSimpleName() : resolved.getTypeName();
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void declare(Schema<?> schema, Class<?> record) {
		Map<String, Schema> properties = schema.getProperties();
		if (properties == null) {
			return;
		}
		List<String> required = new ArrayList<>();
		for (RecordComponent component : record.getRecordComponents()) {
			String name = component.getName();
			Schema property = properties.get(name);
			if (property == null || omittedWhenNull(record, component)) {
				continue;
			}
			required.add(name);
			if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
				properties.put(name, orNull(property));
			}
		}
		schema.setRequired(required.isEmpty() ? null : required);
	}

	private static boolean omittedWhenNull(Class<?> record, RecordComponent component) {
		JsonInclude include = component.getAccessor().getAnnotation(JsonInclude.class);
		if (include == null) {
			try {
				include = record.getDeclaredField(component.getName()).getAnnotation(JsonInclude.class);
			}
			catch (NoSuchFieldException ex) {
				include = null;
			}
		}
		if (include == null) {
			include = record.getAnnotation(JsonInclude.class);
		}
		return include != null && OMITTED_WHEN_NULL.contains(include.value());
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema orNull(Schema property) {
		if (property.get$ref() != null) {
			Schema either = new JsonSchema().oneOf(List.of(new JsonSchema().$ref(property.get$ref()),
					new JsonSchema().types(new LinkedHashSet<>(List.of("null")))));
			either.setDescription(property.getDescription());
			return either;
		}
		Set<String> types = new LinkedHashSet<>();
		if (property.getTypes() != null) {
			types.addAll(property.getTypes());
		}
		else if (property.getType() != null) {
			types.add(property.getType());
		}
		types.add("null");
		property.setTypes(types);
		if (property.getEnum() != null && !property.getEnum().contains(null)) {
			property.getEnum().add(null);
		}
		return property;
	}

}
