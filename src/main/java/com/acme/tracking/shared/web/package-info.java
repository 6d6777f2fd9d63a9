/** The REST error model every module's web layer shares (RFC 9457 problem bodies). */
@NullMarked
@NamedInterface("web")
package com.acme.tracking.shared.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
