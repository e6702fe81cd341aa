/**
 * Recipes on sessions: a distributed lock ({@link io.cairn.consul.recipe.ConsulLock}) and
 * leader election ({@link io.cairn.consul.recipe.LeaderElection}).
 */
@NullMarked
package io.cairn.consul.recipe;

import org.jspecify.annotations.NullMarked;
