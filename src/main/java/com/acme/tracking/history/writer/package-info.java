/**
 * The history writer: a consumer of both input topics in one group shared by the fleet,
 * writing batches to the warehouse and committing offsets only after the warehouse
 * commit.
 */
@NullMarked
package com.acme.tracking.history.writer;

import org.jspecify.annotations.NullMarked;
