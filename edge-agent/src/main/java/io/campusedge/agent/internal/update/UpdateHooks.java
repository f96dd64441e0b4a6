package io.campusedge.agent.internal.update;

/**
 * What an agent started by the launcher knows about itself for updates: the install the launcher
 * started ({@code package} or a version folder), this agent's version and how to restart it.
 */
public record UpdateHooks(
    String runningInstall, String runningVersion, UpdateInstaller.Restarter restarter) {}
