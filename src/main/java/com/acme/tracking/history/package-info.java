/**
 * History in the warehouse (Amazon Redshift; PostgreSQL locally): the batched writer, the
 * queries behind the history endpoints, and the small seam where the two SQL dialects
 * differ.
 */
@NullMarked
package com.acme.tracking.history;

import org.jspecify.annotations.NullMarked;
