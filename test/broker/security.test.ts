import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScramServer, scramCredential } from '../../src/broker/security/scram.js';
import { SaslSession, SaslUsers } from '../../src/broker/security/sasl-session.js';

test('SCRAM-SHA-256 server follows the RFC 7677 example exchange', () => {
  const credential = scramCredential('pencil', 'sha256', 4096, Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'));
  const server = new ScramServer('sha256', (u) => (u === 'user' ? credential : undefined), () => '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0');
  const first = server.step(Buffer.from('n,,n=user,r=rOprNGfwEbeRWgbNEkqO'));
  assert.equal(first.kind, 'continue');
  assert.equal(first.kind === 'continue' && first.response.toString(), 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096');
  const final = server.step(Buffer.from('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ='));
  assert.equal(final.kind, 'done');
  assert.equal(final.kind === 'done' && final.response.toString(), 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
});

test('SCRAM rejects a wrong proof, a wrong nonce and an unknown user', () => {
  const credential = scramCredential('pencil', 'sha256', 4096, Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'));
  const fixed = () => '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
  const bad = new ScramServer('sha256', () => credential, fixed);
  bad.step(Buffer.from('n,,n=user,r=rOprNGfwEbeRWgbNEkqO'));
  assert.equal(bad.step(Buffer.from('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=AAAAZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=')).kind, 'failed');
  const nonce = new ScramServer('sha256', () => credential, fixed);
  nonce.step(Buffer.from('n,,n=user,r=rOprNGfwEbeRWgbNEkqO'));
  assert.equal(nonce.step(Buffer.from('c=biws,r=other,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=')).kind, 'failed');
  const unknown = new ScramServer('sha256', () => undefined, fixed);
  assert.equal(unknown.step(Buffer.from('n,,n=nobody,r=abc')).kind, 'continue', 'unknown users are challenged like known ones');
  assert.equal(unknown.step(Buffer.from('c=biws,r=abc%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=')).kind, 'failed');
});

test('SASL session: PLAIN, mechanism checks, no authenticate before handshake', () => {
  const users = new SaslUsers({ users: [{ username: 'alice', password: 's3cret' }], mechanisms: ['PLAIN'] });
  const s = new SaslSession(users);
  assert.equal(s.authenticate(Buffer.from('\u0000alice\u0000s3cret')).kind, 'failed', 'no handshake yet');
  assert.equal(s.handshake('SCRAM-SHA-256'), false);
  assert.equal(s.handshake('PLAIN'), true);
  const wrong = s.authenticate(Buffer.from('\u0000alice\u0000nope'));
  assert.equal(wrong.kind === 'failed' && wrong.errorCode, 58);
  assert.equal(s.authenticated, false);
  assert.equal(s.handshake('PLAIN'), true);
  assert.equal(s.authenticate(Buffer.from('\u0000alice\u0000s3cret')).kind, 'done');
  assert.equal(s.principal, 'alice');
});
