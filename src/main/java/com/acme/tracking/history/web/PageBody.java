package com.acme.tracking.history.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page (DESIGN.md, {@code page}).
 *
 * @param <T> the item type
 * @param items the items
 * @param nextCursor pass back as {@code cursor} for the next page; null at the end
 */
record PageBody<T>(List<T> items, @Nullable String nextCursor) {
}
