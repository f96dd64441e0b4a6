package io.campusedge.agent.api;

/** The agent could not start for a reason outside its configuration, e.g. the outbox file. */
public class AgentStartException extends Exception {
  public AgentStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
