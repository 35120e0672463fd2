extension SessionStateMachine {
    mutating func signRequest(keyID: KeyID, message: [UInt8], idempotencyKey: String?, digest: [UInt8],
                              _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        guard let key = keys[keyID] else { return .failure(ceremonies[keyID] != nil ? .keyNotReady : .unknownKey) }
        // An ECDSA key signs a 32-byte digest. The HTTP layer checks too, but only when its own
        // state already knows the key; a request the log took would wait for its whole TTL.
        if key.spec.scheme == .ecdsaSecp256k1, message.count != 32 { return .failure(.invalidECDSAMessage) }
        let slot = idempotencyKey.map { IdempotencyTable.Slot(keyID: keyID, idempotencyKey: $0) }
        if let slot {
            switch idempotency.lookup(slot, digest: digest) {
            case .conflict: return .success(.idempotencyConflict)
            case let .same(.pending(requestID)): return .success(.signPending(requestID: requestID))
            case let .same(.completed(response)): return .success(.signReplay(response))
            case .absent: break
            }
        }
        let requestID = nextRequestID
        nextRequestID += 1
        let request = PendingSignRequest(requestID: requestID, keyID: keyID, message: message, requestDigest: digest,
                                         idempotencyKey: idempotencyKey, createdAtMillis: clockMillis)
        pending[requestID] = request
        pendingOrder.append(requestID)
        if let slot { idempotency.insert(slot, digest: digest, now: clockMillis, requestID: requestID) }
        events.append(.signRequested(request))
        return .success(.signPending(requestID: requestID))
    }

    /// Abandons requests unanswered for a whole TTL (a coordinator that crashed mid-request):
    /// pending state stays bounded, and a retry after that is a new request. Request ids grow
    /// with log time, so `pendingOrder` is also age order.
    mutating func expirePending(_ events: inout [SessionEvent]) {
        var order = pendingOrder
        pendingOrder = []
        expireOldest(&order, now: clockMillis, ttl: idempotencyTTLMillis, createdAt: { pending[$0]?.createdAtMillis }) { id in
            pending[id] = nil
            ecdsa.signings[id] = nil // an ECDSA request's σ_i collection goes with it
            events.append(.signExpired(requestID: id))
        }
        pendingOrder = order
    }

    mutating func signResult(requestID: UInt64, response: StoredResponse,
                             _ events: inout [SessionEvent]) -> Result<SessionReply, SessionRejection> {
        guard let request = pending.removeValue(forKey: requestID) else { return .failure(.unknownRequest) }
        if let key = request.idempotencyKey {
            let slot = IdempotencyTable.Slot(keyID: request.keyID, idempotencyKey: key)
            // Only the slot this request created: if it expired and a new request took the key,
            // that newer request's answer must not be overwritten.
            if case .same(.pending(requestID)) = idempotency.lookup(slot, digest: request.requestDigest) {
                idempotency.complete(slot, with: response)
            }
        }
        events.append(.signCompleted(requestID: requestID, response: response))
        return .success(.signCompleted(requestID: requestID))
    }
}
