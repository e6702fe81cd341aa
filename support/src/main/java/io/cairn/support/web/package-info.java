/**
 * HTTP conventions shared by the apps: request size limits and RFC 9457 Problem Details
 * errors.
 */
@NullMarked
package io.cairn.support.web;

import org.jspecify.annotations.NullMarked;
