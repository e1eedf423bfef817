export { facebookDescriptor, measureFacebook } from './descriptor';
export { checkTargeting } from './targeting';
