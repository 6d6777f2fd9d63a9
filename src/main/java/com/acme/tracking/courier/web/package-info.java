/** The courier location endpoint, for support. */
@NullMarked
package com.acme.tracking.courier.web;

import org.jspecify.annotations.NullMarked;
