package com.acme.tracking.history;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of rows and where the next one starts.
 *
 * @param <T> the item type
 * @param items the rows
 * @param next the key after which the next page starts, or null at the end
 */
public record Page<T>(List<T> items, @Nullable PageKey next) {
}
